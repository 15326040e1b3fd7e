/**
 * `npm run bench:images`: what the sandbox's image encoders cost. For each format at 1024x1024
 * and 3840x2160 it encodes `--rounds` pictures (5 unless set) of different seeds, so that the
 * cache of recent images never answers, after one warm-up, and prints the median and range of
 * the wall time and of the process's CPU time, and the file's size. On a shared machine the
 * CPU time is the steadier figure.
 */
import { encodeImage, type ImageFormat } from '../../sandbox/imageEncoders';

const FORMATS: ImageFormat[] = ['png', 'jpeg', 'webp'];
const SIZES: Array<[number, number]> = [
	[1024, 1024],
	[3840, 2160],
];

const roundsArgument = process.argv.indexOf('--rounds');
const ROUNDS = roundsArgument > 0 ? Number(process.argv[roundsArgument + 1]) : 5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const range = (values: number[]) => `${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)}`;

console.log(`image encoders, ${ROUNDS} rounds after a warm-up, times in ms`);
console.log('format  size        wall median (range)   cpu median (range)   bytes');
for (const format of FORMATS) {
	for (const [width, height] of SIZES) {
		encodeImage(format, width, height, 'warm-up');
		const wall: number[] = [];
		const cpu: number[] = [];
		const bytes: number[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			const started = process.hrtime.bigint();
			const usage = process.cpuUsage();
			const image = encodeImage(format, width, height, `a lighthouse at dusk, round ${round}`);
			const used = process.cpuUsage(usage);
			wall.push(Number(process.hrtime.bigint() - started) / 1e6);
			cpu.push((used.user + used.system) / 1000);
			bytes.push(image.length);
		}
		console.log(
			[
				format.padEnd(7),
				`${width}x${height}`.padEnd(11),
				`${median(wall).toFixed(0)} (${range(wall)})`.padEnd(21),
				`${median(cpu).toFixed(0)} (${range(cpu)})`.padEnd(20),
				`${median(bytes)} (${range(bytes)})`,
			].join(' '),
		);
	}
}
