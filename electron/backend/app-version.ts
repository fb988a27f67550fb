/** The app's version (training/app-version.ts reads it from package.json; `ser doctor` shows it too). */
export { APP_VERSION } from '../../training/app-version.ts';
