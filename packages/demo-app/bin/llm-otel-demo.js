#!/usr/bin/env node
// A committed entry so npm links the bin on install, before dist/ is built.
import '../dist/main.js';
