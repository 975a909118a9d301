// The help desk page (远程帮办): the open requests live, and the kiosk's masked screen of the request taken.
// Served from the centre's own origin as a file: the page's policy runs no inline script. Everything a kiosk sent is
// put on the page as text (textContent), never as markup.
(function () {
  'use strict';
  var main = document.getElementById('help');
  var csrf = main.dataset.csrf;
  var rows = document.querySelector('#requests tbody');
  var empty = document.getElementById('empty');
  var state = document.getElementById('state');
  var session = document.getElementById('session');
  var screen = document.getElementById('screen');
  var taken = null;
  var socket = null;
  var frameUrl = null;
  var retry = 1000;

  function cell(text) {
    var td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '—' : String(text);
    return td;
  }

  function showRequests(list) {
    while (rows.firstChild) { rows.removeChild(rows.firstChild); }
    list.forEach(function (r) {
      var tr = document.createElement('tr');
      tr.dataset.request = r.id;
      tr.appendChild(cell(r.kioskId));
      tr.appendChild(cell(r.place));
      var step = cell(r.step);
      if (r.kioskConnected === false) { step.textContent += '（终端连接中断）'; }
      tr.appendChild(step);
      var wait = cell(r.waitingSeconds + ' 秒');
      wait.className = 'num';
      tr.appendChild(wait);
      tr.appendChild(cell(r.takenBy));
      var act = document.createElement('td');
      if (!r.takenBy && taken === null) {
        var b = document.createElement('button');
        b.textContent = '接听';
        b.className = 'take';
        b.addEventListener('click', function () { send({type: 'take', id: r.id}); });
        act.appendChild(b);
      }
      tr.appendChild(act);
      rows.appendChild(tr);
    });
    empty.textContent = list.length === 0 ? '目前没有居民呼叫帮助。' : '';
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify(message)); }
  }

  function connect() {
    var scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(scheme + '//' + location.host + '/console/help/socket?csrf=' + encodeURIComponent(csrf));
    socket.binaryType = 'blob';
    socket.addEventListener('open', function () { retry = 1000; state.textContent = '已连接'; });
    socket.addEventListener('message', function (e) {
      if (typeof e.data !== 'string') {
        if (frameUrl) { URL.revokeObjectURL(frameUrl); }
        frameUrl = URL.createObjectURL(e.data);
        screen.src = frameUrl;
        screen.dataset.frames = String(Number(screen.dataset.frames || 0) + 1);
        return;
      }
      var m = JSON.parse(e.data);
      if (m.type === 'requests') {
        showRequests(m.requests);
      } else if (m.type === 'taken') {
        taken = m.id;
        session.hidden = false;
        document.getElementById('session-kiosk').textContent = m.kioskId;
        state.textContent = '正在协助 ' + m.kioskId;
      } else if (m.type === 'ended') {
        if (m.id === taken) {
          taken = null;
          session.hidden = true;
          state.textContent = '帮助已结束（' + m.by + '）';
        }
      } else if (m.type === 'kiosk-lost') {
        state.textContent = '终端连接中断，等待其重新连接…';
      } else if (m.type === 'error') {
        state.textContent = '出错：' + m.error;
      }
    });
    socket.addEventListener('close', function () {
      state.textContent = '连接已断开，正在重新连接…';
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 15000);
    });
  }

  document.getElementById('message-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var input = document.getElementById('message');
    if (taken && input.value.trim()) {
      send({type: 'message', id: taken, text: input.value.trim()});
      input.value = '';
    }
  });
  document.getElementById('end').addEventListener('click', function () {
    if (taken) { send({type: 'end', id: taken}); }
  });
  screen.addEventListener('click', function (e) {
    if (!taken || !screen.width) { return; }
    var box = screen.getBoundingClientRect();
    send({type: 'pointer', id: taken, x: (e.clientX - box.left) / box.width, y: (e.clientY - box.top) / box.height});
  });
  connect();
}());
