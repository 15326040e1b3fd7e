/**
 * Preloaded into a benchmark's `n8n execute` (node --require) with PMOCK_EXPRESSION_COUNTS set
 * to a file: counts how often n8n renders each expression (n8n-workflow's
 * Expression.renderExpression, which every `{{ }}` of a parameter goes through, whichever
 * expression engine evaluates it) and writes the counts there as JSON when the process exits.
 * Plain JavaScript: it runs inside n8n, before n8n loads.
 */
'use strict';
const { writeFileSync } = require('fs');
const { dirname } = require('path');

const file = process.env.PMOCK_EXPRESSION_COUNTS;
if (file) {
	// The n8n-workflow that n8n-core loads, resolved from the n8n being run (argv[1] is its bin/n8n).
	const n8nDir = dirname(dirname(process.argv[1]));
	const { Expression } = require(
		require.resolve('n8n-workflow', { paths: [require.resolve('n8n-core', { paths: [n8nDir] })] }),
	);
	const original = Expression.prototype.renderExpression;
	const counts = {};
	Expression.prototype.renderExpression = function (expression, data) {
		counts[expression] = (counts[expression] || 0) + 1;
		return original.call(this, expression, data);
	};
	process.on('exit', () => writeFileSync(file, JSON.stringify(counts)));
}
