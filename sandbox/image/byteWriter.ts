/** A growing byte buffer: the JPEG and WebP encoders write into one, then take `bytes()`. */
export class ByteWriter {
	private buffer: Uint8Array;

	length = 0;

	constructor(capacity = 1 << 16) {
		this.buffer = new Uint8Array(capacity);
	}

	byte(value: number): void {
		if (this.length === this.buffer.length) this.grow(1);
		this.buffer[this.length++] = value;
	}

	bytes(values: ArrayLike<number>): void {
		if (this.length + values.length > this.buffer.length) this.grow(values.length);
		this.buffer.set(values, this.length);
		this.length += values.length;
	}

	/** A 16-bit number, most significant byte first (JPEG's order). */
	uint16BE(value: number): void {
		this.byte((value >> 8) & 0xff);
		this.byte(value & 0xff);
	}

	/** A copy of what was written, as a Buffer. */
	toBuffer(): Buffer {
		return Buffer.from(this.buffer.subarray(0, this.length));
	}

	private grow(needed: number): void {
		const next = new Uint8Array(Math.max(this.buffer.length * 2, this.length + needed));
		next.set(this.buffer.subarray(0, this.length));
		this.buffer = next;
	}
}
