package io.chatrelay.client.cli;

import io.chatrelay.client.group.ClientContext;
import io.chatrelay.client.group.ClientException;
import io.chatrelay.client.group.Outcome;
import io.chatrelay.client.owner.OwnerClient;
import io.chatrelay.client.state.GroupState;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.OwnerAction;
import io.chatrelay.codec.link.GroupShortLink;
import io.chatrelay.codec.link.Links;
import io.chatrelay.codec.link.RelayShortLink;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code relay-cli channel …}: an owner's commands for channels and groups. CHANNEL is the group
 * link or its local name.
 */
@Command(
    name = "channel",
    mixinStandardHelpOptions = true,
    description = "Create and manage channels and groups (owners). CHANNEL: group link or name.",
    subcommands = {
      ChannelCommand.Create.class,
      ChannelCommand.ListGroups.class,
      ChannelCommand.Link.class,
      ChannelCommand.Relays.class,
      ChannelCommand.Profile.class,
      ChannelCommand.Suspend.class,
      ChannelCommand.Resume.class,
      ChannelCommand.Log.class,
      ChannelCommand.Owners.class,
      ChannelCommand.Adopt.class,
      ChannelCommand.Certify.class,
      ChannelCommand.Delete.class
    })
final class ChannelCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Common plumbing of the subcommands. */
  abstract static class Sub implements Callable<Integer> {
    @Spec CommandSpec spec;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    ClientContext ctx() {
      return Args.root(spec).context();
    }

    OwnerClient owner(ClientContext ctx) {
      return new OwnerClient(ctx);
    }

    /** Prints which relays did {@code what}; exit 0 if any relay did it, else an error. */
    int report(String what, Outcome o) {
      Args.failures(err(), "relay ", o.failed());
      if (!o.anySucceeded()) {
        throw new ClientException("no relay confirmed: " + what);
      }
      out().println(what + " at " + String.join(", ", o.succeeded()));
      out().flush();
      return 0;
    }
  }

  /** {@code channel create NAME [--group] [--description TEXT] --relay LINK…}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Create a channel (or a group with --group) on relays: fresh keys for it, an invitation"
              + " to each relay, then the signed relay list. Prints the link and its QR code.")
  static final class Create extends Sub {
    @Parameters(paramLabel = "NAME", description = "The channel's name (what members see).")
    String name;

    @Option(names = "--group", description = "A group (members post) instead of a channel.")
    boolean group;

    @Option(names = "--description", paramLabel = "TEXT", description = "Profile description.")
    String description;

    @Option(
        names = "--relay",
        paramLabel = "LINK",
        description =
            "A relay address, or the host:port of a configured relay (repeatable; default: every"
                + " configured relay). New addresses are added to your configuration.")
    List<String> relays = new ArrayList<>();

    @Option(names = "--no-qr", description = "Do not print the QR code.")
    boolean noQr;

    @Override
    public Integer call() {
      ClientContext ctx = ctx();
      List<RelayShortLink> links = new ArrayList<>();
      for (String r : relays) {
        links.add(Args.relay(ctx.home(), r));
      }
      if (links.isEmpty()) {
        ctx.home().relays().forEach(l -> links.add((RelayShortLink) Links.parse(l)));
      }
      if (links.isEmpty()) {
        throw new CliException("name a relay with --relay LINK (or configure one: relays add)");
      }
      OwnerClient.Created c =
          owner(ctx)
              .create(
                  name,
                  group ? GroupType.GROUP : GroupType.CHANNEL,
                  Optional.ofNullable(description),
                  links);
      Args.failures(err(), "relay left out: ", c.refused());
      Args.failures(err(), "relay did not confirm the relay list: ", c.warnings());
      out()
          .println(
              c.group().kind()
                  + " '"
                  + c.group().name()
                  + "' created on "
                  + c.accepted().size()
                  + " of "
                  + links.size()
                  + " relays: "
                  + String.join(", ", c.accepted()));
      out().println("link: " + c.link().print());
      if (!noQr) {
        out().println(Args.qr(c.link().print()));
      }
      out().flush();
      return 0;
    }
  }

  /** {@code channel list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the channels and groups this home holds: name, kind, role, link.")
  static final class ListGroups extends Sub {
    @Override
    public Integer call() {
      for (GroupState g : Args.root(spec).openHome().groups()) {
        String role =
            g.ownerKey().isPresent()
                ? (g.memberKey().isPresent() ? "owner,member" : "owner")
                : "member";
        out().println(g.name() + "\t" + g.kind() + "\t" + role + "\t" + g.link().print());
      }
      out().flush();
      return 0;
    }
  }

  /** {@code channel link CHANNEL}. */
  @Command(
      name = "link",
      mixinStandardHelpOptions = true,
      description = "Print the group link (naming its current relays) and its QR code.")
  static final class Link extends Sub {
    @Parameters(paramLabel = "CHANNEL")
    String channel;

    @Option(names = "--no-qr", description = "Do not print the QR code.")
    boolean noQr;

    @Override
    public Integer call() {
      GroupState g = Args.group(Args.root(spec).openHome(), channel);
      GroupShortLink link = OwnerClient.currentLink(g);
      out().println("link: " + link.print());
      if (!noQr) {
        out().println(Args.qr(link.print()));
      }
      out().flush();
      return 0;
    }
  }

  /** {@code channel relays add|remove CHANNEL LINK}. */
  @Command(
      name = "relays",
      mixinStandardHelpOptions = true,
      description = "Add or remove a relay of a channel.",
      subcommands = {RelaysAdd.class, RelaysRemove.class})
  static final class Relays implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  /** {@code channel relays add CHANNEL LINK}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Invite a relay and publish the relay list with it.")
  static final class RelaysAdd extends Sub {
    @Parameters(index = "0", paramLabel = "CHANNEL")
    String channel;

    @Parameters(index = "1", paramLabel = "LINK", description = "Relay address or host:port.")
    String relay;

    @Override
    public Integer call() {
      ClientContext ctx = ctx();
      GroupState g = Args.group(ctx.home(), channel);
      RelayShortLink r = Args.relay(ctx.home(), relay);
      OwnerClient.Changed c = owner(ctx).addRelay(g, r);
      Args.failures(err(), "relay did not take the new relay list: ", c.outcome().failed());
      out()
          .println(
              "relay added to '"
                  + g.name()
                  + "' (link data version "
                  + c.version()
                  + ", confirmed by "
                  + String.join(", ", c.outcome().succeeded())
                  + ")");
      out().flush();
      return 0;
    }
  }

  /** {@code channel relays remove CHANNEL LINK}. */
  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Publish the relay list without a relay; it stops serving the channel.")
  static final class RelaysRemove extends Sub {
    @Parameters(index = "0", paramLabel = "CHANNEL")
    String channel;

    @Parameters(index = "1", paramLabel = "LINK", description = "Relay address or host:port.")
    String relay;

    @Override
    public Integer call() {
      ClientContext ctx = ctx();
      GroupState g = Args.group(ctx.home(), channel);
      RelayShortLink r =
          Args.looksLikeLink(relay) ? relayOrGroupAddress(relay) : Args.relay(ctx.home(), relay);
      OwnerClient.Changed c = owner(ctx).removeRelay(g, r);
      Args.failures(err(), "relay did not take the new relay list: ", c.outcome().failed());
      out()
          .println(
              "relay removed from '"
                  + g.name()
                  + "' (link data version "
                  + c.version()
                  + ", confirmed by "
                  + String.join(", ", c.outcome().succeeded())
                  + ")");
      out().flush();
      return 0;
    }

    private static RelayShortLink relayOrGroupAddress(String s) {
      if (Args.parseLink(s) instanceof RelayShortLink r) {
        return r;
      }
      throw new CliException("not a chat relay address: " + s);
    }
  }

  /** {@code channel profile CHANNEL --name|--description}. */
  @Command(
      name = "profile",
      mixinStandardHelpOptions = true,
      description = "Change the profile members see, signed as new link data.")
  static final class Profile extends Sub {
    @Parameters(paramLabel = "CHANNEL")
    String channel;

    @Option(names = "--name", paramLabel = "NAME")
    String name;

    @Option(names = "--description", paramLabel = "TEXT")
    String description;

    @Override
    public Integer call() {
      ClientContext ctx = ctx();
      GroupState g = Args.group(ctx.home(), channel);
      OwnerClient.Changed c =
          owner(ctx).setProfile(g, Optional.ofNullable(name), Optional.ofNullable(description));
      Args.failures(err(), "relay did not take the new profile: ", c.outcome().failed());
      out()
          .println(
              "profile of '"
                  + g.name()
                  + "' updated (link data version "
                  + c.version()
                  + ", confirmed by "
                  + String.join(", ", c.outcome().succeeded())
                  + ")");
      out().flush();
      return 0;
    }
  }

  /** {@code channel suspend CHANNEL}. */
  @Command(
      name = "suspend",
      mixinStandardHelpOptions = true,
      description = "Stop admitting members at every relay (joins stay queued).")
  static final class Suspend extends Sub {
    @Parameters(paramLabel = "CHANNEL")
    String channel;

    @Override
    public Integer call() {
      ClientContext ctx = ctx();
      GroupState g = Args.group(ctx.home(), channel);
      return report("joins suspended", owner(ctx).command(g, new OwnerAction.SuspendJoins()));
    }
  }

  /** {@code channel resume CHANNEL}. */
  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Admit members again at every relay, the queued ones first.")
  static final class Resume extends Sub {
    @Parameters(paramLabel = "CHANNEL")
    String channel;

    @Override
    public Integer call() {
      ClientContext ctx = ctx();
      GroupState g = Args.group(ctx.home(), channel);
      return report("joins resumed", owner(ctx).command(g, new OwnerAction.ResumeJoins()));
    }
  }

  /** {@code channel log CHANNEL}. */
  @Command(
      name = "log",
      mixinStandardHelpOptions = true,
      description =
          "Print every relay's service log of the channel: relay, sequence, time, kind, detail.")
  static final class Log extends Sub {
    @Parameters(paramLabel = "CHANNEL")
    String channel;

    @Override
    public Integer call() {
      ClientContext ctx = ctx();
      GroupState g = Args.group(ctx.home(), channel);
      OwnerClient.Log log = owner(ctx).log(g);
      Args.failures(err(), "relay log not read: ", log.failures());
      if (log.lines().isEmpty() && !log.failures().isEmpty()) {
        throw new ClientException("no relay log of '" + g.name() + "' could be read");
      }
      for (OwnerClient.LogLine l : log.lines()) {
        out()
            .println(
                l.relay()
                    + " #"
                    + l.seq()
                    + " "
                    + Instant.ofEpochMilli(l.at()).truncatedTo(ChronoUnit.SECONDS)
                    + " "
                    + l.kind()
                    + (l.detail().isEmpty() ? "" : " " + l.detail()));
      }
      out().flush();
      return 0;
    }
  }

  /** {@code channel owners add CHANNEL KEY}. */
  @Command(
      name = "owners",
      mixinStandardHelpOptions = true,
      description = "Manage the channel's owners.",
      subcommands = {OwnersAdd.class})
  static final class Owners implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  /** {@code channel owners add CHANNEL KEY}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Authorise an owner key (printed by the new owner's `channel adopt LINK`) in the signed"
              + " owner chain.")
  static final class OwnersAdd extends Sub {
    @Parameters(index = "0", paramLabel = "CHANNEL")
    String channel;

    @Parameters(index = "1", paramLabel = "KEY", description = "The new owner's key (base64url).")
    String key;

    @Override
    public Integer call() {
      Ed25519PublicKey k = Args.key(key, "owner key");
      ClientContext ctx = ctx();
      GroupState g = Args.group(ctx.home(), channel);
      OwnerClient.Changed c = owner(ctx).addOwner(g, k);
      Args.failures(err(), "relay did not take the new owner chain: ", c.outcome().failed());
      out()
          .println(
              "owner "
                  + OwnerClient.shortKey(k)
                  + " added to '"
                  + g.name()
                  + "' (link data version "
                  + c.version()
                  + ")");
      out().flush();
      return 0;
    }
  }

  /** {@code channel adopt LINK}. */
  @Command(
      name = "adopt",
      mixinStandardHelpOptions = true,
      description =
          "Become a further owner: verify the channel's link data, make a fresh owner key for it"
              + " and print it for an existing owner to add.")
  static final class Adopt extends Sub {
    @Parameters(paramLabel = "LINK")
    String link;

    @Option(names = "--name", paramLabel = "NAME", description = "Local name (default: profile).")
    String name;

    @Override
    public Integer call() {
      GroupShortLink l = Args.groupLink(link);
      OwnerClient.Adopted a = owner(ctx()).adopt(l, Optional.ofNullable(name));
      Args.failures(err(), "relay link data not used: ", a.failures());
      out().println("owner key: " + Args.keyString(a.ownerKey()));
      out()
          .println(
              "ask an owner of '"
                  + a.group().name()
                  + "' to run: relay-cli channel owners add CHANNEL "
                  + Args.keyString(a.ownerKey()));
      out().flush();
      return 0;
    }
  }

  /** {@code channel certify CHANNEL MEMBER_KEY}. */
  @Command(
      name = "certify",
      mixinStandardHelpOptions = true,
      description =
          "Certify a member key of a group (printed by the member's `join`): its posts are then"
              + " shown as certified instead of unverified.")
  static final class Certify extends Sub {
    @Parameters(index = "0", paramLabel = "CHANNEL")
    String channel;

    @Parameters(index = "1", paramLabel = "MEMBER_KEY")
    String key;

    @Override
    public Integer call() {
      Ed25519PublicKey k = Args.key(key, "member key");
      ClientContext ctx = ctx();
      GroupState g = Args.group(ctx.home(), channel);
      return report("member " + OwnerClient.shortKey(k) + " certified", owner(ctx).certify(g, k));
    }
  }

  /** {@code channel delete CHANNEL [--yes]}. */
  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description =
          "Remove the group link: every relay stops serving the channel, and the link resolves"
              + " nowhere. Asks to type the channel's name, unless --yes.")
  static final class Delete extends Sub {
    @Parameters(paramLabel = "CHANNEL")
    String channel;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() throws IOException {
      ClientContext ctx = ctx();
      GroupState g = Args.group(ctx.home(), channel);
      if (!yes) {
        out()
            .println(
                "This removes the link of '"
                    + g.name()
                    + "' from all its relays: members can no longer join or read through them, and"
                    + " this cannot be undone. Type the name ("
                    + g.name()
                    + ") to confirm:");
        out().flush();
        String answer = Args.root(spec).input().readLine();
        if (answer == null || !answer.strip().equals(g.name())) {
          throw new CliException("not confirmed: nothing was changed");
        }
      }
      Outcome o = owner(ctx).delete(g);
      Args.failures(err(), "relay still serves the link: ", o.failed());
      if (!o.failed().isEmpty()) {
        throw new ClientException(
            "the link of '"
                + g.name()
                + "' is still served by "
                + o.failed().size()
                + " relay(s): run the command again when they are reachable");
      }
      out()
          .println(
              "deleted the link of '"
                  + g.name()
                  + "': no relay serves it"
                  + (o.succeeded().isEmpty() ? "" : " (" + String.join(", ", o.succeeded()) + ")"));
      out().flush();
      return 0;
    }
  }
}
