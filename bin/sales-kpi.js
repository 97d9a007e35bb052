#!/usr/bin/env node
// The `sales-kpi` command. It runs the TypeScript sources directly through tsx's loader, so it works right
// after `npm install`, with no build step. See src/local/cli.ts.
import { register } from 'tsx/esm/api';

register();
const { main, processIo } = await import('../src/local/cli.ts');
process.exitCode = await main(process.argv.slice(2), processIo());
