package io.chatrelay.codec.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.codec.testing.Seeded;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeded.class)
class BinaryEncodingTest {
  private static final HexFormat HEX = HexFormat.of();

  private static String hex(BinaryWriter w) {
    return HEX.formatHex(w.toByteArray());
  }

  @Test
  void primitivesMatchSimplexBytes() {
    // Bool 'T'/'F', Word16 and Word32 big-endian, Int64 as two big-endian Word32 halves.
    assertThat(hex(new BinaryWriter().writeBool(true).writeBool(false))).isEqualTo("5446");
    assertThat(hex(new BinaryWriter().writeWord16(0x1234))).isEqualTo("1234");
    assertThat(hex(new BinaryWriter().writeWord32(0xDEADBEEFL))).isEqualTo("deadbeef");
    assertThat(hex(new BinaryWriter().writeInt64(-2))).isEqualTo("fffffffffffffffe");
    assertThat(hex(new BinaryWriter().writeInt64(1L << 32))).isEqualTo("0000000100000000");
  }

  @Test
  void stringsListsAndMaybeMatchSimplexBytes() {
    // "abc": length 03 then the bytes.
    assertThat(hex(new BinaryWriter().writeShortString("abc"))).isEqualTo("03616263");
    // Large "ab": Word16 length 0002, then 61 62.
    assertThat(hex(new BinaryWriter().writeLarge(new byte[] {'a', 'b'}))).isEqualTo("00026162");
    // Maybe: '0' (30) for Nothing; '1' (31) then the value.
    BinaryWriter.Encoder<String> str = (s, w) -> w.writeShortString(s);
    assertThat(hex(new BinaryWriter().writeMaybe(Optional.empty(), str))).isEqualTo("30");
    assertThat(hex(new BinaryWriter().writeMaybe(Optional.of("x"), str))).isEqualTo("310178");
    // List: count 02, then "a" (01 61) and "bc" (02 62 63).
    assertThat(hex(new BinaryWriter().writeList(List.of("a", "bc"), str)))
        .isEqualTo("020161026263");
    // Empty list: count 00.
    assertThat(hex(new BinaryWriter().writeList(List.<String>of(), str))).isEqualTo("00");
  }

  @Test
  void overLongValuesAreRefusedNotWrapped() {
    assertThatThrownBy(() -> new BinaryWriter().writeShortBytes(new byte[256]))
        .isInstanceOf(EncodeException.class);
    assertThatThrownBy(() -> new BinaryWriter().writeLarge(new byte[65536]))
        .isInstanceOf(EncodeException.class);
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      many.add("");
    }
    assertThatThrownBy(() -> new BinaryWriter().writeList(many, (s, w) -> w.writeShortString(s)))
        .isInstanceOf(EncodeException.class);
    assertThatThrownBy(
            () -> new BinaryWriter().writeNonEmpty(List.of(), (s, w) -> w.writeShortString("")))
        .isInstanceOf(EncodeException.class);
    assertThatThrownBy(() -> new BinaryWriter().writeWord16(65536))
        .isInstanceOf(EncodeException.class);
    assertThatThrownBy(() -> new BinaryWriter().writeWord32(-1))
        .isInstanceOf(EncodeException.class);
    // exactly at the limit is fine
    assertThat(new BinaryWriter().writeShortBytes(new byte[255]).size()).isEqualTo(256);
  }

  @Test
  void truncatedInputFailsWithoutAllocating() {
    // A length prefix of 255 with 2 bytes following: truncated, not an allocation of 255.
    assertReason(new byte[] {(byte) 0xFF, 1, 2}, r -> r.readShortBytes(), "TRUNCATED");
    // Large length 0xFFFF with nothing following.
    assertReason(new byte[] {(byte) 0xFF, (byte) 0xFF}, r -> r.readLarge(), "TRUNCATED");
    assertReason(new byte[] {0, 1}, r -> r.readWord32(), "TRUNCATED");
    assertReason(new byte[] {}, r -> r.readBool(), "TRUNCATED");
  }

  @Test
  void invalidTagsAndLimitsAreTypedErrors() {
    assertReason(new byte[] {'X'}, r -> r.readBool(), "INVALID_VALUE");
    assertReason(new byte[] {'2'}, r -> r.readMaybe(BinaryReader::readByte), "INVALID_VALUE");
    assertReason(new byte[] {0}, r -> r.readNonEmpty(BinaryReader::readByte, 5), "INVALID_VALUE");
    assertReason(
        new byte[] {6, 1, 2, 3, 4, 5, 6}, r -> r.readList(BinaryReader::readByte, 5), "OVER_LIMIT");
    assertReason(new byte[] {0, 10, 1}, r -> r.readLarge(5), "OVER_LIMIT");
    assertReason(new byte[] {2, (byte) 0xC3, 0x28}, BinaryReader::readShortString, "BAD_ENCODING");
  }

  @Test
  void trailingBytesAreRefusedByDecodeAll() {
    assertThatThrownBy(() -> BinaryReader.decodeAll(new byte[] {'T', 0}, BinaryReader::readBool))
        .isInstanceOfSatisfying(
            DecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(DecodeException.Reason.TRAILING_DATA));
  }

  @Test
  void randomValuesRoundTrip(Random random) {
    for (int i = 0; i < Seeded.iterations(2000); i++) {
      boolean b = random.nextBoolean();
      int w16 = random.nextInt(0x10000);
      long w32 = random.nextLong() & 0xFFFF_FFFFL;
      long i64 = random.nextLong();
      byte[] shortBytes = bytes(random, random.nextInt(256));
      byte[] large = bytes(random, random.nextInt(2000));
      Optional<byte[]> maybe =
          random.nextBoolean() ? Optional.of(bytes(random, random.nextInt(10))) : Optional.empty();
      List<byte[]> list = new ArrayList<>();
      for (int n = random.nextInt(20); n > 0; n--) {
        list.add(bytes(random, random.nextInt(40)));
      }
      byte[] tail = bytes(random, random.nextInt(30));
      BinaryWriter.Encoder<byte[]> enc = (v, w) -> w.writeShortBytes(v);

      byte[] encoded =
          new BinaryWriter()
              .writeBool(b)
              .writeWord16(w16)
              .writeWord32(w32)
              .writeInt64(i64)
              .writeShortBytes(shortBytes)
              .writeLarge(large)
              .writeMaybe(maybe, enc)
              .writeList(list, enc)
              .writeTail(tail)
              .toByteArray();

      BinaryReader r = new BinaryReader(encoded);
      assertThat(r.readBool()).isEqualTo(b);
      assertThat(r.readWord16()).isEqualTo(w16);
      assertThat(r.readWord32()).isEqualTo(w32);
      assertThat(r.readInt64()).isEqualTo(i64);
      assertThat(r.readShortBytes()).isEqualTo(shortBytes);
      assertThat(r.readLarge()).isEqualTo(large);
      Optional<byte[]> maybeBack = r.readMaybe(BinaryReader::readShortBytes);
      assertThat(maybeBack.isPresent()).isEqualTo(maybe.isPresent());
      maybe.ifPresent(v -> assertThat(maybeBack.get()).isEqualTo(v));
      assertThat(r.readList(BinaryReader::readShortBytes)).containsExactlyElementsOf(list);
      assertThat(r.readTail()).isEqualTo(tail);
      r.expectEnd();

      // Any strict prefix of a value with a fixed end fails as truncated, never silently.
      int cut = random.nextInt(encoded.length - tail.length);
      BinaryReader truncated = new BinaryReader(encoded, 0, cut);
      assertThatThrownBy(
              () -> {
                truncated.readBool();
                truncated.readWord16();
                truncated.readWord32();
                truncated.readInt64();
                truncated.readShortBytes();
                truncated.readLarge();
                truncated.readMaybe(BinaryReader::readShortBytes);
                truncated.readList(BinaryReader::readShortBytes);
              })
          .isInstanceOf(DecodeException.class);
    }
  }

  private static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static void assertReason(
      byte[] input, BinaryReader.Decoder<?> decoder, String expectedReason) {
    assertThatThrownBy(() -> decoder.decode(new BinaryReader(input)))
        .isInstanceOfSatisfying(
            DecodeException.class, e -> assertThat(e.reason().name()).isEqualTo(expectedReason));
  }
}
