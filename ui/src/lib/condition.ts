// The words a prompt uses for what the client is being seen for, so that a client seen for
// bulimia, PTSD or a perinatal problem is not asked about "the depression".

import type { ConditionGroup } from './bindings/ConditionGroup';

/** "the depression", "the bulimia", "the PTSD" … as a prompt would name it. */
export function illness(group: ConditionGroup | null | undefined): string {
  switch (group) {
    case 'major_depression':
    case 'perinatal_depression':
      return 'the depression';
    case 'dysthymia':
      return 'the persistent depression';
    case 'bulimia_nervosa':
      return 'the bulimia';
    case 'ptsd':
      return 'the PTSD';
    default:
      return 'the difficulties';
  }
}

/** The name alone, for a heading: "Depression", "Bulimia", "PTSD", "Difficulties". */
export function Illness(group: ConditionGroup | null | undefined): string {
  const words = illness(group).replace(/^the /, '');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
