#!/usr/bin/python3
"""pngcompare.py - compares two PNG renders with a small pixel tolerance.

    pngcompare.py [--threshold T] [--max-share S] [--block N] GOLDEN.png RENDER.png

Both images must have the same size.  A sample (one channel of a pixel)
differs when it differs by more than T (0-255, default 48: anti-aliasing
noise between poppler or cairo versions stays under it); the images match
when at most S of the samples differ (default 0.005, that is 0.5 %).  With
--block N, the means of N x N pixel blocks are compared instead of pixels,
for renders whose edges may move by a fraction of a pixel (text drawn as
hinted glyphs and as exact outlines).  Prints what differs and exits 1 when
the images do not match, 2 on a file it cannot read or a usage error.
Only the standard library (zlib) is used; PNGs of 8 bits per channel,
grey, grey+alpha, RGB or RGBA, not interlaced.
"""
import struct
import sys
import zlib


def read_png(path):
    """Returns (width, height, channels, rows as bytearrays)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("%s: not a PNG" % path)
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if ihdr is None:
        raise ValueError("%s: no IHDR" % path)
    w, h, depth, ctype, _, _, interlace = ihdr
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(ctype)
    if depth != 8 or channels is None or interlace:
        raise ValueError("%s: unsupported PNG (depth %d, colour type %d, interlace %d)"
                         % (path, depth, ctype, interlace))
    raw = zlib.decompress(b"".join(idat))
    stride = w * channels
    rows, prev = [], bytearray(stride)
    for y in range(h):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
            elif ftype != 0:
                raise ValueError("%s: bad filter %d on row %d" % (path, ftype, y))
        rows.append(line)
        prev = line
    return w, h, channels, rows


def blocks(img, n):
    """The image of the means of its n x n blocks (partial blocks dropped)."""
    w, h, ch, rows = img
    bw, bh = w // n, h // n
    out = []
    for by in range(bh):
        line = bytearray(bw * ch)
        for bx in range(bw):
            for c in range(ch):
                total = 0
                for y in range(by * n, by * n + n):
                    row = rows[y]
                    for x in range(bx * n, bx * n + n):
                        total += row[x * ch + c]
                line[bx * ch + c] = total // (n * n)
        out.append(line)
    return bw, bh, ch, out


USAGE = "usage: pngcompare.py [--threshold T] [--max-share S] [--block N] GOLDEN.png RENDER.png"


def main(argv):
    threshold, share, block, args = 48, 0.005, 1, []
    it = iter(argv[1:])
    try:
        for a in it:
            if a == "--threshold":
                threshold = int(next(it))
            elif a == "--max-share":
                share = float(next(it))
            elif a == "--block":
                block = int(next(it))
            else:
                args.append(a)
    except (StopIteration, ValueError):
        print(USAGE, file=sys.stderr)
        return 2
    if len(args) != 2 or block < 1:
        print(USAGE, file=sys.stderr)
        return 2
    try:
        g = read_png(args[0])
        r = read_png(args[1])
    except (OSError, ValueError, zlib.error) as exc:
        print("pngcompare.py: %s" % exc, file=sys.stderr)
        return 2
    if g[:3] != r[:3]:
        print("%s: %dx%d with %d channel(s), golden %dx%d with %d" %
              (args[1], r[0], r[1], r[2], g[0], g[1], g[2]))
        return 1
    if block > 1:
        g, r = blocks(g, block), blocks(r, block)
    w, h, _, grows = g
    differ = 0
    for y in range(h):
        for a, b in zip(grows[y], r[3][y]):
            if abs(a - b) > threshold:
                differ += 1
    total = w * h * g[2]
    if differ > share * total:
        print("%s: %d of %d samples differ by more than %d from %s (%.2f %%, allowed %.2f %%)"
              % (args[1], differ, total, threshold, args[0], 100.0 * differ / total,
                 100.0 * share))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
