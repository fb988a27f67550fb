// A recorder module for node-record-lpcm16, which loads its recorder by path
// (recorders/index.js: require(path.resolve(__dirname, name))), so an absolute path to this
// file is accepted. It returns the command microphone-source.ts built: the bundled recorders
// cannot set the environment SoX needs for PulseAudio (AUDIODRIVER, PULSE_LATENCY_MSEC)
// nor a small I/O buffer, and they add a WAV header to the stream.
/* global module */
'use strict';

module.exports = (options) => options.command;
