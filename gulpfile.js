// tsc compiles the TypeScript; n8n also reads each node's and credential's icon and each
// node's codex file (*.node.json) from beside the compiled file in dist/: this copies them.
const { src, dest, task } = require('gulp');

function copyAssets() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

task('build:assets', copyAssets);
