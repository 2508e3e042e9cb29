package io.chatrelay.server.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which groups the relay accepts. An operator either accepts every group or only the group ids on
 * an allow-list; in both modes, profiles containing a refused word are rejected, and the relay
 * refuses groups beyond {@link Limits#maxGroups()}.
 *
 * @param allowList when non-null, the base64url group ids accepted (and no others)
 * @param refusedWords lower-case words; a profile whose name or description contains one is
 *     rejected
 */
public record AdmissionPolicy(Set<String> allowList, List<String> refusedWords) {

  public static AdmissionPolicy acceptAll() {
    return new AdmissionPolicy(null, List.of());
  }

  public AdmissionPolicy {
    allowList = allowList == null ? null : Set.copyOf(allowList);
    refusedWords =
        refusedWords.stream()
            .map(w -> w.toLowerCase(Locale.ROOT).strip())
            .filter(w -> !w.isEmpty())
            .toList();
  }

  public String mode() {
    return allowList == null ? "accept-all" : "allow-list";
  }

  public boolean allows(String groupIdBase64Url) {
    return allowList == null || allowList.contains(groupIdBase64Url);
  }

  /** The first refused word found in {@code text}, or null. */
  public String refusedWordIn(String text) {
    if (text == null) {
      return null;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    for (String w : refusedWords) {
      if (lower.contains(w)) {
        return w;
      }
    }
    return null;
  }
}
