#!/usr/bin/env node
// The installed `palimpsest` command: runs the compiled composition root (`npm run build` writes dist/).
import '../dist/cli/bin.js';
