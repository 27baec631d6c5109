#!/usr/bin/env node
/** The `lamb` command: docs/CONTRACT.md "CLI". Machine output on stdout, progress on stderr. */
import { createProgram } from './program.js';

await createProgram().parseAsync(process.argv);
