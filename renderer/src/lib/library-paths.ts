/**
 * Path handling for the folder browser, which runs in the browser but browses the host's
 * disk: paths may be POSIX ('/home/ana') or Windows ('C:\Users\ana'), whatever the page
 * runs on, so nothing here uses the page's own platform.
 */

export interface Crumb {
  /** What the breadcrumb button says. */
  name: string;
  /** The absolute folder it opens. */
  path: string;
}

function isWindowsPath(path: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

/** '/home/ana/corpus' → [/, home, ana, corpus], each with its absolute path. */
export function breadcrumbs(dir: string): Crumb[] {
  if (isWindowsPath(dir)) {
    const parts = dir.split(/[\\/]+/).filter((part) => part !== '');
    const unc = dir.startsWith('\\\\');
    const crumbs: Crumb[] = [];
    let path = unc ? '\\\\' : '';
    parts.forEach((part, i) => {
      path = i === 0 ? `${path}${part}\\` : `${path}${i === 1 ? '' : '\\'}${part}`;
      crumbs.push({ name: part, path });
    });
    return crumbs;
  }
  const parts = dir.split('/').filter((part) => part !== '');
  const crumbs: Crumb[] = [{ name: '/', path: '/' }];
  let path = '';
  for (const part of parts) {
    path = `${path}/${part}`;
    crumbs.push({ name: part, path });
  }
  return crumbs;
}

/** `dir` joined with a child name, in the separator style `dir` uses. */
export function joinPath(dir: string, name: string): string {
  const separator = isWindowsPath(dir) ? '\\' : '/';
  return dir.endsWith('/') || dir.endsWith('\\') ? `${dir}${name}` : `${dir}${separator}${name}`;
}

/** Absolute on either platform (the back end rejects anything else). */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || isWindowsPath(path);
}

/** `path` below `dir` as a relative path ('Actor_01/x.wav'); `path` itself when not below. */
export function relativeTo(dir: string, path: string): string {
  const base = dir.replace(/[\\/]+$/, '');
  const rest = path.slice(base.length);
  return path.startsWith(base) && /^[\\/]/.test(rest) ? rest.replace(/^[\\/]+/, '') : path;
}
