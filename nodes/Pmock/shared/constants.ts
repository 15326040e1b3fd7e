/**
 * What the pmock spec allows, per endpoint. The UI options and the validation before each
 * request are both built from these lists, so they cannot drift apart.
 */

export const GENERATE_V2_PATH = '/ai/sa/video/generate/v2';

export const GENERATE_V1_PATH = '/ai/sa/video/generate';

export const CREATE_CHARACTER_PATH = '/ai/sa/create/role';

export const MODELS_V2 = ['sora-2'] as const;

export const ORIENTATIONS = ['landscape', 'portrait'] as const;

export const SIZES_V2 = ['small'] as const;

export const DURATIONS_V2 = [10, 15] as const;

/**
 * Generate v1 (POST /ai/sa/video/generate): what each model accepts. `large` and the longer
 * durations are Sora 2 Pro only; the UI shows each model's own lists and the body check
 * names the model a value needs.
 */
export const MODELS_V1 = {
	'sora-2': { name: 'Sora 2', sizes: ['small'], durations: [10] },
	'sora-2-pro': { name: 'Sora 2 Pro', sizes: ['small', 'large'], durations: [10, 15, 25] },
} as const satisfies Record<string, { name: string; sizes: readonly string[]; durations: readonly number[] }>;

export type ModelV1 = keyof typeof MODELS_V1;

export const MODEL_V1_IDS = Object.keys(MODELS_V1) as ModelV1[];

/** Every size and duration some v1 model accepts, in the order of the most capable model. */
export const SIZES_V1 = MODELS_V1['sora-2-pro'].sizes;

export const DURATIONS_V1 = MODELS_V1['sora-2-pro'].durations;

/** Style ids with the names the dropdown shows, in the spec's order. */
export const STYLES: ReadonlyArray<{ value: string; name: string }> = [
	{ value: 'anime', name: 'Anime' },
	{ value: 'selfie', name: 'Selfie' },
	{ value: 'golden', name: 'Golden' },
	{ value: 'handheld', name: 'Handheld' },
	{ value: 'festive', name: 'Festive' },
	{ value: 'retro', name: 'Retro' },
	{ value: 'news', name: 'News' },
	{ value: 'chaos', name: 'Chaos' },
	{ value: 'vintage', name: 'Vintage' },
	{ value: 'comic', name: 'Comic' },
	{ value: 'kakalaka', name: 'Kakalaka' },
	{ value: 'sitcom', name: 'Sitcom' },
];

/**
 * "up to 5000 characters". Counted in UTF-16 code units (JavaScript's and Java's
 * `String.length`), the stricter of the usual readings: an emoji counts as two, so a prompt
 * we accept is never too long for the API whichever way it counts.
 */
export const PROMPT_MAX_LENGTH = 5000;

/** "currently only supporting one image" */
export const IMAGES_MAX = 1;

/**
 * Longest image or video URL we send. The spec sets none; pmock has to fetch the file, and common
 * web servers refuse request lines over 8 KB (nginx, Apache), so a longer address could not
 * be fetched anyway. Presigned cloud-storage links stay well below it.
 */
export const URL_MAX_LENGTH = 8192;
