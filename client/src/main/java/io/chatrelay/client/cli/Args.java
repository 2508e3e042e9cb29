package io.chatrelay.client.cli;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.chatrelay.client.group.RelayFailure;
import io.chatrelay.client.group.RelayNames;
import io.chatrelay.client.state.ClientHome;
import io.chatrelay.client.state.GroupState;
import io.chatrelay.codec.crypto.CryptoException;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.encoding.Base64Url;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.link.GroupShortLink;
import io.chatrelay.codec.link.Link;
import io.chatrelay.codec.link.Links;
import io.chatrelay.codec.link.RelayShortLink;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** Reading the arguments commands share (links, channels, keys) and writing common output. */
final class Args {
  private Args() {}

  static RelayCli root(CommandSpec spec) {
    return (RelayCli) spec.root().userObject();
  }

  static boolean looksLikeLink(String s) {
    return s.startsWith("https://") || s.startsWith("simplex:") || s.startsWith("smp://");
  }

  static Link parseLink(String s) {
    try {
      return Links.parse(s.strip());
    } catch (DecodeException e) {
      throw new CliException(
          "invalid link (" + e.reason() + "): " + Errors.oneLine(e.getMessage()));
    }
  }

  /** The refusal for a relay address given where a contact or group is expected. */
  static CliException relayNotContact(String link) {
    return new CliException(
        "this is a chat relay, not a contact: relays are not chatted with. To use it for your"
            + " channels, run: relay-cli relays add "
            + link.strip());
  }

  /** A group link; a relay address is refused with the offer to add it. */
  static GroupShortLink groupLink(String s) {
    Link l = parseLink(s);
    if (l instanceof RelayShortLink) {
      throw relayNotContact(s);
    }
    if (!(l instanceof GroupShortLink g)) {
      throw new CliException("not a channel or group link (/c or /g): " + l.form().wireName());
    }
    return g;
  }

  /**
   * A relay's address ({@code /r#<key>}); the legacy per-group form {@code /r#<id>/<key>} is one
   * group's address and is refused.
   */
  static RelayShortLink relayAddress(String s) {
    Link l = parseLink(s);
    if (!(l instanceof RelayShortLink r)) {
      throw new CliException("not a chat relay address (https://host/r#…): " + s.strip());
    }
    if (r.isLegacy()) {
      throw new CliException(
          "that is one group's address at a relay (in the legacy form /r#<id>/<key>); give the"
              + " relay's own address");
    }
    return r;
  }

  /** A relay given as its address, or as the {@code host:port} of a configured relay. */
  static RelayShortLink relay(ClientHome home, String s) {
    if (looksLikeLink(s)) {
      return relayAddress(s);
    }
    for (String configured : home.relays()) {
      RelayShortLink r = (RelayShortLink) Links.parse(configured);
      if (RelayNames.of(r.server()).equals(s.strip())) {
        return r;
      }
    }
    throw new CliException(
        "no configured relay '" + s + "': give its address (relay-cli relays list)");
  }

  /** CHANNEL: the group link or its local name. */
  static GroupState group(ClientHome home, String s) {
    if (looksLikeLink(s)) {
      GroupShortLink link = groupLink(s);
      return home.byLinkKey(link.linkKey())
          .orElseThrow(
              () ->
                  new CliException(
                      "this home does not hold that group: join it first (relay-cli join LINK)"));
    }
    return home.byName(s)
        .orElseThrow(
            () ->
                new CliException(
                    "no channel or group named '" + s + "' here (relay-cli channel list)"));
  }

  static Ed25519PublicKey key(String s, String what) {
    try {
      return Ed25519PublicKey.of(Base64Url.decode(s.strip(), what));
    } catch (DecodeException | CryptoException e) {
      throw new CliException("invalid " + what + ": " + Errors.oneLine(e.getMessage()));
    }
  }

  static String keyString(Ed25519PublicKey k) {
    return Base64Url.encodeUnpadded(k.bytes());
  }

  static void failures(PrintWriter err, String prefix, List<RelayFailure> failures) {
    for (RelayFailure f : failures) {
      err.println(prefix + f.relay() + ": " + f.reason());
    }
    err.flush();
  }

  /** The QR code of {@code text} for a terminal (light modules drawn, for dark backgrounds). */
  static String qr(String text) {
    try {
      BitMatrix m =
          new QRCodeWriter()
              .encode(
                  text,
                  BarcodeFormat.QR_CODE,
                  0,
                  0,
                  Map.of(
                      EncodeHintType.MARGIN,
                      2,
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.L));
      return m.toString("  ", "\u2588\u2588");
    } catch (WriterException e) {
      return "(no QR code: " + e.getMessage() + ")";
    }
  }
}
