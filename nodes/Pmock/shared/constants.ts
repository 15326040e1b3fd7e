/**
 * Limits that several operations share. Each operation's own lists (models, sizes, styles…)
 * live in its module, where both its form and its body check are built from them, so the two
 * cannot drift apart.
 */

/** Both Sora Generate endpoints: "landscape" or "portrait". */
export const ORIENTATIONS = ['landscape', 'portrait'] as const;

/**
 * "up to 5000 characters". Counted in UTF-16 code units (JavaScript's and Java's
 * `String.length`), the stricter of the usual readings: an emoji counts as two, so a prompt
 * we accept is never too long for the API whichever way it counts.
 */
export const PROMPT_MAX_LENGTH = 5000;

/** Both Sora Generate endpoints: "currently only supporting one image". */
export const IMAGES_MAX = 1;

/**
 * Longest image or video URL we send. The spec sets none; pmock has to fetch the file, and common
 * web servers refuse request lines over 8 KB (nginx, Apache), so a longer address could not
 * be fetched anyway. Presigned cloud-storage links stay well below it.
 */
export const URL_MAX_LENGTH = 8192;
