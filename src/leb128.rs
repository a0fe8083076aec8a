//! LEB128 numbers (seven bits a byte, low bits first, the high bit set on every byte but the
//! last) and zigzag-coded signed differences: the byte format of the saved index's lengths
//! and of the bundled data files (`data/relations.bin`, `data/phrases.bin`, the word-form hash
//! lists). One reader and one writer for all of them.

/// Appends `x` as LEB128.
pub(crate) fn push(out: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        out.push(x as u8 | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

/// The LEB128 number at `*at` in `b`, moving `at` past it; `None` if it runs past `b` or
/// takes more than `max_bytes` bytes (at most 10: a `u64`).
pub(crate) fn read(b: &[u8], at: &mut usize, max_bytes: u32) -> Option<u64> {
    let (mut x, mut shift, mut n) = (0u64, 0, 0);
    loop {
        let byte = *b.get(*at)?;
        *at += 1;
        n += 1;
        x |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(x);
        }
        if n >= max_bytes.min(10) {
            return None;
        }
        shift += 7;
    }
}

/// A signed difference as an unsigned number, small either way (zigzag: 0, -1, 1, -2, ...).
pub(crate) fn zigzag(d: i64) -> u64 {
    ((d << 1) ^ (d >> 63)) as u64
}

/// The signed difference [`zigzag`] wrote.
pub(crate) fn unzigzag(z: u64) -> i64 {
    ((z >> 1) as i64) ^ -((z & 1) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        for x in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let mut b = Vec::new();
            push(&mut b, x);
            let mut at = 0;
            assert_eq!(read(&b, &mut at, 10), Some(x));
            assert_eq!(at, b.len());
        }
        for d in [0, -1, 1, -300, 300, i64::MIN, i64::MAX] {
            assert_eq!(unzigzag(zigzag(d)), d);
        }
    }

    #[test]
    fn cut_short_or_too_long_is_none() {
        let mut at = 0;
        assert_eq!(read(&[0x80], &mut at, 10), None);
        // Six bytes where at most five are allowed; eleven where ten are.
        let mut at = 0;
        assert_eq!(
            read(&[0x81, 0x80, 0x80, 0x80, 0x80, 0x00], &mut at, 5),
            None
        );
        let mut at = 0;
        assert_eq!(
            read(&[0x81, 0x80, 0x80, 0x80, 0x80, 0x00], &mut at, 6),
            Some(1)
        );
        let mut at = 0;
        assert_eq!(read(&[0x80; 11], &mut at, 10), None);
    }
}
