// GET an https URL with Node's own certificate checks, as E2B's SDKs reach a sandbox port
// (https://<port>-<sandbox id>.<domain>/), trusting what NODE_EXTRA_CA_CERTS names.
// Prints the status and the certificate's names on one line, then the body; exits 1 on any error.
// Names under localhost resolve to 127.0.0.1, as browsers resolve them, since not every system resolver does.
import dns from 'node:dns';
import https from 'node:https';

function lookup(hostname, options, callback) {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    return options.all
      ? callback(null, [{ address: '127.0.0.1', family: 4 }])
      : callback(null, '127.0.0.1', 4);
  }
  return dns.lookup(hostname, options, callback);
}

https.get(process.argv[2], { lookup, timeout: 10000 }, (res) => {
  const names = res.socket.getPeerCertificate().subjectaltname;
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (chunk) => { body += chunk; });
  res.on('end', () => {
    process.stdout.write(`${res.statusCode} ${names}\n${body}`);
  });
}).on('error', (e) => {
  process.stdout.write(`${e.code ?? ''} ${e.message}\n`);
  process.exit(1);
});
