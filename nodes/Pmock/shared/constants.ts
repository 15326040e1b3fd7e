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

/**
 * Image → Generate (Nano Banana): most image URLs per request. pmock's page sets no number.
 * Other APIs that sell the same models document at most 10 input images for Nano Banana
 * (Gemini 2.5 Flash Image, pmock's nano-banana-fast) and 14 for Nano Banana Pro, so 10 is what
 * both models take. It also keeps the request small: 10 URLs of at most URL_MAX_LENGTH are
 * about 80 KB, where 10,000 URLs made a 79 MB request.
 */
export const NANO_BANANA_IMAGES_MAX = 10;
