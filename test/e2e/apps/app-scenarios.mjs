// Shared by the app and the test: the prompt and the @x/mock-llm scenario of each call.
export const PROMPT = 'Say hello to the end to end test';
export const APP_SCENARIOS = {
  summarize: 'tokens=150,cache_read=1000,cache_write=300',
  chatStream: 'tokens=80,ttft=30',
  rateLimited: 'fault=429',
  classify: 'tokens=20',
};
