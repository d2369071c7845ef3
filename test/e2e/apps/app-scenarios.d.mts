export declare const PROMPT: string;
export declare const APP_SCENARIOS: {
  readonly summarize: string;
  readonly chatStream: string;
  readonly rateLimited: string;
  readonly classify: string;
};
