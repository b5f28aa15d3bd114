#!/usr/bin/env node
// Entry of the `xendesk` command: the bundled CLI (`npm run build` first in a checkout).
require('../dist/backend/cli.cjs').main();
