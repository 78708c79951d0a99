/**
 * A message catalogue for one area of the app. The type makes the English and Russian
 * texts carry exactly the keys of the Estonian ones, so a missing translation fails the build.
 * Placeholders are written {name}.
 */
export function defineMessages<K extends string>(catalogue: {
  et: Record<K, string>;
  en: Record<NoInfer<K>, string>;
  ru: Record<NoInfer<K>, string>;
}) {
  return catalogue;
}
