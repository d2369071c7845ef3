// The quickstart app, ended by process.exit() right after its call, as many
// CLI scripts end: no beforeExit, so only the 'exit' flush can deliver.
await import('../../packages/llm-otel/examples/hello.mjs');
process.exit(0);
