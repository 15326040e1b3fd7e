// @ts-check
const { readFileSync } = require('fs');
const { sep } = require('path');

/**
 * jest's module resolver, with one change: every copy of the same version of an n8n package
 * (`n8n-workflow`, `n8n-core`, `@n8n/*`) resolves to one folder, as in an installed n8n.
 *
 * Why: the n8n-core 2.41 line (the `n8n-core-2.41` alias) shares node_modules with the 2.8
 * line, so npm nests its n8n packages in several places (node_modules/n8n-core-2.41/node_modules,
 * node_modules/@n8n/backend-network/node_modules, ...). Two copies of @n8n/di 0.17 are two
 * dependency containers (n8n-core 2.41 then finds no OutboundHttp service), two copies of
 * n8n-workflow 2.41 two NodeApiError classes. The 2.8 line has one copy of each and is unchanged.
 */

/** package name@version → the first folder it was resolved in. */
const canonical = new Map();
const versions = new Map();

const isN8nPackage = (name) => name === 'n8n-workflow' || name === 'n8n-core' || name.startsWith('@n8n/');

function versionOf(root) {
	if (!versions.has(root)) {
		let version;
		try {
			version = JSON.parse(readFileSync(`${root}${sep}package.json`, 'utf8')).version;
		} catch {
			version = undefined;
		}
		versions.set(root, version);
	}
	return versions.get(root);
}

module.exports = (request, options) => {
	const resolved = options.defaultResolver(request, options);
	const marker = `${sep}node_modules${sep}`;
	const at = resolved.lastIndexOf(marker);
	if (at === -1) return resolved;
	const parts = resolved.slice(at + marker.length).split(sep);
	const nameParts = parts[0].startsWith('@') ? 2 : 1;
	const name = parts.slice(0, nameParts).join('/');
	if (!isN8nPackage(name)) return resolved;
	const root = resolved.slice(0, at + marker.length) + parts.slice(0, nameParts).join(sep);
	const version = versionOf(root);
	if (!version) return resolved;
	const key = `${name}@${version}`;
	if (!canonical.has(key)) canonical.set(key, root);
	return canonical.get(key) + resolved.slice(root.length);
};
