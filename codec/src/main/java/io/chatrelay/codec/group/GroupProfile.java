package io.chatrelay.codec.group;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.codec.encoding.DecodeException;
import java.io.IOException;

/**
 * The group profile members see: a UTF-8 JSON object {@code {"name": ..., "description": ...}};
 * unknown fields are kept out of this view but are allowed in the signed bytes, so later versions
 * can add fields.
 *
 * @param name display name, 1..100 characters
 * @param description optional text, at most 2000 characters
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupProfile(String name, String description) {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

  public GroupProfile {
    if (name == null || name.isBlank() || name.length() > 100) {
      throw DecodeException.invalid("group name must be 1..100 characters");
    }
    if (description != null && description.length() > 2000) {
      throw DecodeException.invalid("group description exceeds 2000 characters");
    }
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @throws DecodeException if the bytes are not a JSON object with a valid name
   */
  public static GroupProfile parse(byte[] json) {
    try {
      GroupProfile p = JSON.readValue(json, GroupProfile.class);
      if (p == null) {
        throw DecodeException.invalid("group profile is null");
      }
      return p;
    } catch (DecodeException e) {
      throw e;
    } catch (IOException e) {
      Throwable cause = e.getCause();
      if (cause instanceof DecodeException d) {
        throw d;
      }
      throw new DecodeException(
          DecodeException.Reason.INVALID_VALUE, "group profile is not valid JSON", e);
    }
  }
}
