import { CANONICAL_LABELS, normaliseLabelName } from './labels.ts';
import type { NameParse } from './types.ts';
import { splitRelativePath } from './walk.ts';

/**
 * Parse a generic labelled-folder path `<label>/[<speaker>/]file.ext`: the top-level folder
 * names the emotion (through normaliseLabelName), and exactly one folder below it names the
 * speaker. Deeper or shallower layouts carry no speaker we can trust, hence 'folder-unknown'.
 */
export function parseFolderPath(relativePath: string): NameParse {
  const { folders } = splitRelativePath(relativePath);
  if (folders.length === 0) {
    return {
      problem:
        'file sits directly in the dataset folder; put it in a folder named after its emotion',
    };
  }
  const label = normaliseLabelName(folders[0]);
  if (label === undefined)
    return {
      problem: `folder "${folders[0]}" is not an emotion name (${CANONICAL_LABELS.join(', ')})`,
    };
  return {
    dataset: 'folder',
    speaker: folders.length === 2 ? `folder-${folders[1]}` : 'folder-unknown',
    label,
  };
}
