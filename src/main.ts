import * as core from '@actions/core';
core.setOutput('hello', 'world');
