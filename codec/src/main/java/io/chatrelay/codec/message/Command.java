package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.group.OwnerCommand;

/** {@code CMD}: a signed {@link OwnerCommand} (suspend, resume, remove, read the service log). */
public record Command(OwnerCommand command) implements ClientMessage {
  public static final String TAG = "CMD";

  public Command {
    Fields.required(command, "command");
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    command.encode(w);
  }

  static Command read(BinaryReader r) {
    return new Command(OwnerCommand.read(r));
  }
}
