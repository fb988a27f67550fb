/**
 * The Electron security checklist (electron/security.ts) in plain Node: window
 * preferences, CSP, navigation, IPC senders, permissions, WebContents hardening and the
 * static-file path rule both hosts use.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import {
  APP_ORIGIN,
  contentSecurityPolicy,
  contentTypeFor,
  hardenWebContents,
  isAllowedNavigation,
  isPermissionAllowed,
  isTrustedSender,
  MEDIA_ORIGIN,
  originOf,
  permissionCheckHandler,
  permissionRequestHandler,
  RENDERER_CSP,
  resolveStaticPath,
  SECURE_WEB_PREFERENCES,
  secureWebPreferences,
} from '../../../electron/security.ts';
import type { HardenableContents } from '../../../electron/security.ts';

/** The CSP as directive → sources. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

test('window preferences: isolated, sandboxed, no Node, web security on, no webview', () => {
  const prefs = secureWebPreferences('/opt/ser/preload.cjs');
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.nodeIntegrationInSubFrames, false);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.allowRunningInsecureContent, false);
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.spellcheck, false);
  assert.equal(prefs.preload, '/opt/ser/preload.cjs');
  assert.ok(Object.isFrozen(SECURE_WEB_PREFERENCES));
  assert.throws(() => secureWebPreferences('preload.cjs'), /absolute/);
});

test('renderer CSP: own scripts only, ser-media for audio and fetches, nothing framed or posted', () => {
  const csp = directives(RENDERER_CSP);
  assert.deepEqual(csp.get('default-src'), [`'self'`]);
  assert.deepEqual(csp.get('script-src'), [`'self'`]);
  assert.deepEqual(csp.get('style-src'), [`'self'`, `'unsafe-inline'`]);
  assert.deepEqual(csp.get('img-src'), [`'self'`, 'data:', 'blob:']);
  assert.deepEqual(csp.get('media-src'), [`'self'`, 'blob:', 'ser-media:']);
  assert.deepEqual(csp.get('connect-src'), [`'self'`, 'ser-media:']);
  assert.deepEqual(csp.get('worker-src'), [`'self'`, 'blob:']);
  for (const name of ['object-src', 'base-uri', 'frame-ancestors', 'form-action']) {
    assert.deepEqual(csp.get(name), [`'none'`], name);
  }
  assert.doesNotMatch(RENDERER_CSP, /ws:|unsafe-eval|\*/);
  assert.ok(MEDIA_ORIGIN.startsWith('ser-media://'));

  const web = directives(contentSecurityPolicy({ connect: ['ws://127.0.0.1:8080'] }));
  assert.deepEqual(web.get('connect-src'), [`'self'`, 'ws://127.0.0.1:8080']);
  assert.deepEqual(web.get('media-src'), [`'self'`, 'blob:']);
});

test('origins of custom schemes are computed (WHATWG URL calls them "null")', () => {
  assert.equal(originOf('app://renderer/index.html#/label'), 'app://renderer');
  assert.equal(originOf('http://127.0.0.1:5173/x?y'), 'http://127.0.0.1:5173');
  assert.equal(originOf('about:blank'), null);
  assert.equal(originOf('not a url'), null);
});

test('navigation stays inside the app', () => {
  for (const url of [`${APP_ORIGIN}/index.html`, `${APP_ORIGIN}/index.html#/review`, `${APP_ORIGIN}/?x=1`]) {
    assert.equal(isAllowedNavigation(url, APP_ORIGIN), true, url);
  }
  for (const url of [
    'https://evil.example/',
    'http://renderer/',
    'app://renderer.evil.example/',
    'app://other/index.html',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    '',
    'app:renderer',
  ]) {
    assert.equal(isAllowedNavigation(url, APP_ORIGIN), false, url);
  }
});

test('IPC is trusted only from frames showing the app', () => {
  assert.equal(isTrustedSender(`${APP_ORIGIN}/index.html`, APP_ORIGIN), true);
  assert.equal(isTrustedSender('https://evil.example/', APP_ORIGIN), false);
  assert.equal(isTrustedSender('about:blank', APP_ORIGIN), false);
  assert.equal(isTrustedSender(undefined, APP_ORIGIN), false);
  assert.equal(isTrustedSender(null, APP_ORIGIN), false);
});

test('permission requests: the microphone for the app; camera, geolocation, notifications and the rest refused', () => {
  const handler = permissionRequestHandler(APP_ORIGIN);
  const ask = (permission: string, details: { requestingUrl?: string; mediaTypes?: string[] }): boolean => {
    let granted: boolean | undefined;
    handler({}, permission, (value) => (granted = value), details);
    assert.notEqual(granted, undefined, 'the handler always answers');
    return granted!;
  };
  const app = `${APP_ORIGIN}/index.html`;
  assert.equal(ask('media', { requestingUrl: app, mediaTypes: ['audio'] }), true, 'microphone');
  assert.equal(ask('media', { requestingUrl: app, mediaTypes: ['video'] }), false, 'camera');
  assert.equal(ask('media', { requestingUrl: app, mediaTypes: ['audio', 'video'] }), false, 'camera and microphone');
  assert.equal(ask('media', { requestingUrl: app, mediaTypes: [] }), false, 'unspecified media');
  assert.equal(ask('media', { requestingUrl: app }), false, 'no media types');
  assert.equal(ask('media', { requestingUrl: 'https://evil.example/', mediaTypes: ['audio'] }), false, 'microphone for another origin');
  for (const permission of ['geolocation', 'notifications', 'display-capture', 'clipboard-read', 'openExternal', 'fullscreen', 'midi', 'hid', 'usb']) {
    assert.equal(ask(permission, { requestingUrl: app, mediaTypes: ['audio'] }), false, permission);
  }
});

test('permission checks follow the same rule', () => {
  const check = permissionCheckHandler(APP_ORIGIN);
  assert.equal(check(null, 'media', APP_ORIGIN, { mediaType: 'audio', requestingUrl: `${APP_ORIGIN}/` }), true);
  assert.equal(check(null, 'media', APP_ORIGIN, { mediaType: 'audio' }), true, 'the requesting origin stands in for the URL');
  assert.equal(check(null, 'media', APP_ORIGIN, { mediaType: 'video' }), false);
  assert.equal(check(null, 'media', APP_ORIGIN, { mediaType: 'unknown' }), false);
  assert.equal(check(null, 'media', 'https://evil.example', { mediaType: 'audio' }), false);
  assert.equal(check(null, 'geolocation', APP_ORIGIN, {}), false);
  assert.equal(
    isPermissionAllowed({ permission: 'notifications', mediaTypes: [], requestingUrl: `${APP_ORIGIN}/` }, APP_ORIGIN),
    false,
  );
});

test('hardened WebContents: no navigating away, no new windows, no webviews', () => {
  type Listener = (event: { preventDefault(): void }, url: string) => void;
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  const contents: HardenableContents = {
    on(event: string, listener: Listener) {
      listeners.set(event, listener);
      return this;
    },
    setWindowOpenHandler(handler) {
      openHandler = handler;
    },
  };
  hardenWebContents(contents, APP_ORIGIN);

  const prevented = (event: string, url = ''): boolean => {
    let called = false;
    const listener = listeners.get(event);
    assert.ok(listener, `a listener for ${event}`);
    listener({ preventDefault: () => (called = true) }, url);
    return called;
  };
  assert.equal(prevented('will-navigate', 'https://evil.example/'), true);
  assert.equal(prevented('will-navigate', 'file:///etc/passwd'), true);
  assert.equal(prevented('will-navigate', `${APP_ORIGIN}/index.html#/train`), false);
  assert.equal(prevented('will-redirect', 'https://evil.example/'), true);
  assert.equal(prevented('will-attach-webview'), true);
  assert.deepEqual(openHandler?.({ url: 'https://example.com/' }), { action: 'deny' });
  assert.deepEqual(openHandler?.({ url: `${APP_ORIGIN}/index.html` }), { action: 'deny' });
});

test('static paths resolve inside the root only', () => {
  const root = path.resolve('/srv/app/dist');
  assert.equal(resolveStaticPath(root, '/'), path.join(root, 'index.html'));
  assert.equal(resolveStaticPath(root, '/assets/'), path.join(root, 'assets', 'index.html'));
  assert.equal(resolveStaticPath(root, '/assets/app-1a2b.js'), path.join(root, 'assets', 'app-1a2b.js'));
  assert.equal(resolveStaticPath(root, '/a%20b.css'), path.join(root, 'a b.css'));
  for (const bad of [
    '/../secret',
    '/%2e%2e/secret',
    '/..%2fsecret',
    '/assets/..%2F..%2Fsecret',
    '/..\\secret',
    '/%2e%2e%5csecret',
    '/.env',
    '/assets/.git/config',
    '/%00',
    '/%E0%A4%A',
    'relative.js',
    '/C:/Windows/win.ini',
  ]) {
    assert.equal(resolveStaticPath(root, bad), null, bad);
  }
});

test('content types are exact for what the renderer build contains', () => {
  assert.match(contentTypeFor('/x/index.html'), /^text\/html/);
  assert.match(contentTypeFor('/x/app.JS'), /^text\/javascript/);
  assert.match(contentTypeFor('/x/a.css'), /^text\/css/);
  assert.equal(contentTypeFor('/x/a.wasm'), 'application/wasm');
  assert.equal(contentTypeFor('/x/a.svg'), 'image/svg+xml');
  assert.equal(contentTypeFor('/x/unknown.bin'), 'application/octet-stream');
});
