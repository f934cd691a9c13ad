package dev.soulbox.cli.command;

import dev.soulbox.cli.ApiJson;
import dev.soulbox.cli.NetworkMixin;
import dev.soulbox.cli.SandboxClientCommand;
import dev.soulbox.sdk.Sandbox;
import dev.soulbox.sdk.SandboxInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code soulbox sandbox network ID [--no-internet] [--allow-out A] [--deny-out A]}. */
@Command(name = "network", header = "Show a sandbox's egress policy, or replace it.",
    description = {"Without options, prints the policy. With any, the sandbox gets exactly that policy (the internet "
        + "unless --no-internet); its new connections follow it at once."})
public final class SandboxNetworkCommand extends SandboxClientCommand {
  @Mixin
  NetworkMixin network;

  @Override
  protected int run(Sandbox sandbox) {
    SandboxInfo info = network.given() ? sandbox.updateNetwork(network.policy()) : sandbox.info();
    printResult(ApiJson.network(info.network()), NetworkMixin.describe(info.network()));
    return 0;
  }
}
