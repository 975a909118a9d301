'use strict';
// Reads ESC/POS bytes (file named on the command line) and prints what the independent npm parser `npos`
// finds in them as one JSON object: {"lines": [...text lines...], "qr": [...QR data...], "cuts": N,
// "chineseMode": bool, "commands": ["ESC @", "FS &", ...]}. Used by EscPosIndependentParserTest.
const fs = require('fs');
const npos = require('npos');
const iconv = require('iconv-lite');

const GS = 0x1d;
const rules = JSON.parse(JSON.stringify(npos.rules));
rules[GS]['(k'] = [0, 'd16']; // QR code: 2-byte little-endian length then cn fn data (ESC/POS GS ( k)

const raw = fs.readFileSync(process.argv[2]);
const ast = npos.parser(rules).analyze(raw);
if (ast.error) {
  console.log(JSON.stringify({error: String(ast.error.message || ast.error)}));
  process.exit(3);
}

const out = {lines: [], qr: [], cuts: 0, chineseMode: false, commands: []};
let text = '';
let chinese = false;
for (const node of ast.tree) {
  const bytes = raw.slice(node.offset, node.offset + node.length);
  if (node.ascii === 'STX') { // a run of bytes no rule claims: text, and LF (npos has no rule for it)
    text += iconv.decode(bytes, chinese ? 'GB18030' : 'latin1');
    continue;
  }
  out.commands.push(node.ascii + (node.fn ? ' ' + node.fn : ''));
  if (node.ascii === 'FS' && node.fn === '&') {
    chinese = true;
    out.chineseMode = true;
  } else if (node.ascii === 'FS' && node.fn === '.') {
    chinese = false;
  } else if (node.ascii === 'GS' && node.fn === 'V') {
    out.cuts++;
  } else if (node.ascii === 'GS' && node.fn === '(k') {
    // GS ( k pL pH cn fn [m data]: bytes 0-2 "GS ( k", 3-4 length of what follows, 5 cn, 6 fn
    const len = bytes[3] | (bytes[4] << 8);
    if (bytes[5] === 0x31 && bytes[6] === 0x50) { // QR: store data (m = '0')
      out.qr.push(bytes.slice(8, 5 + len).toString('utf8'));
    }
  }
}
out.lines = text.split('\n');
if (out.lines[out.lines.length - 1] === '') {
  out.lines.pop();
}
console.log(JSON.stringify(out));
