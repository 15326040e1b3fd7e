/**
 * What the node sends to pmock for an item where only the prompt is set, as the README's field
 * tables state it: written from the README, not from the node's code, so that the tests and the
 * benchmark that compare against it check the node rather than repeat it.
 */

/** Video → Generate (Sora 2), `POST /ai/sa/video/generate/v2`. */
export const generateV2DefaultBody = (prompt: string) => ({
	model: 'sora-2',
	prompt,
	orientation: 'landscape',
	size: 'small',
	duration: 10,
	removeWatermark: false,
	styleId: 'anime',
	storyboard: false,
});
