// The tag that marks an object with the create that made it (see resources/framework/host/creation.ts):
// services need to recognise it to keep it when tags are replaced and to skip objects it marks.
export const CREATION_TAG_PREFIX = "pulumi-create-";

/** Where a service without tags (Cinder) keeps the creation tag: a metadata key, the tag its value. */
export const CREATION_METADATA_KEY = "pulumi-create";

export function isCreationTag(tag: string): boolean {
  return tag.startsWith(CREATION_TAG_PREFIX);
}
