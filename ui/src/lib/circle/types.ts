export type RelationshipType =
  | 'partner'
  | 'parent'
  | 'child'
  | 'sibling'
  | 'friend'
  | 'colleague'
  | 'ex_partner'
  | 'deceased'
  | 'other';

/** 1 is the innermost (closest) ring, 3 the outermost. */
export type Ring = 1 | 2 | 3;

export interface CirclePerson {
  id: number;
  name: string;
  relationshipType: RelationshipType;
  ring: Ring;
  deceased: boolean;
}

export const RELATIONSHIP_LABELS: Record<RelationshipType, string> = {
  partner: 'Partner',
  parent: 'Parent',
  child: 'Child',
  sibling: 'Sibling',
  friend: 'Friend',
  colleague: 'Colleague',
  ex_partner: 'Ex-partner',
  deceased: 'Deceased',
  other: 'Other',
};

/** A fixed order, so the legend reads the same way in every circle. */
export const RELATIONSHIP_TYPES: readonly RelationshipType[] = [
  'partner',
  'parent',
  'child',
  'sibling',
  'friend',
  'colleague',
  'ex_partner',
  'deceased',
  'other',
];

export const RINGS: readonly Ring[] = [1, 2, 3];
