// SoulBox's noVNC page: /vnc/?token=<token> opens the sandbox desktop behind /websockify?token=<token>.
// Optional query parameters: path (default "websockify"), view_only=true, resize=remote, password.
import RFB from './core/rfb.js';

const params = new URLSearchParams(location.search);
const statusLine = document.getElementById('status');

function show(state, text) {
  document.body.dataset.state = state;
  statusLine.textContent = text;
}

function websocketUrl(token) {
  // resolved against the page, so the gateway may sit behind a path prefix
  const path = params.get('path') || 'websockify';
  const url = new URL('../' + path, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  return url.href;
}

function connect(token) {
  show('connecting', 'Connecting…');
  const rfb = new RFB(document.getElementById('screen'), websocketUrl(token), { wsProtocols: ['binary'] });
  rfb.scaleViewport = true;
  rfb.resizeSession = params.get('resize') === 'remote';
  rfb.viewOnly = params.get('view_only') === 'true';
  let desktopName = '';
  rfb.addEventListener('desktopname', (e) => {
    desktopName = e.detail.name;
    document.title = desktopName + ' — SoulBox';
  });
  rfb.addEventListener('connect', () => show('connected', desktopName ? 'Connected to ' + desktopName : 'Connected'));
  rfb.addEventListener('disconnect', (e) => {
    show(e.detail.clean ? 'disconnected' : 'failed',
         e.detail.clean ? 'Disconnected' : 'Connection failed or lost (is the token still valid?)');
  });
  rfb.addEventListener('securityfailure', (e) => {
    show('failed', 'Authentication failed: ' + (e.detail.reason || e.detail.status));
  });
  rfb.addEventListener('credentialsrequired', () => {
    const password = params.get('password') ?? window.prompt('VNC password');
    rfb.sendCredentials({ password });
  });
  return rfb;
}

const token = params.get('token');
if (token) {
  window.rfb = connect(token);
} else {
  show('failed', 'No token: open this page as /vnc/?token=<token> (the sandbox\'s novnc_url)');
}
