package dev.soulbox.cli.command;

import dev.soulbox.cli.BaseCommand;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code soulbox completion bash|zsh}: a script that completes soulbox's commands and options. */
@Command(name = "completion", header = "Print a shell completion script (bash or zsh).",
    description = {"bash:  source <(soulbox completion bash)        (or save it in /etc/bash_completion.d/soulbox)",
        "zsh:   source <(soulbox completion zsh)         (in ~/.zshrc)"})
public final class CompletionCommand extends BaseCommand {
  /** The shells the script works in. */
  enum Shell { bash, zsh }

  @Parameters(paramLabel = "SHELL", description = "${COMPLETION-CANDIDATES}")
  Shell shell;

  @Override
  protected int doCall() {
    String script = AutoComplete.bash("soulbox", spec.root().commandLine());
    if (shell == Shell.zsh && !script.contains("bashcompinit")) {
      script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
    }
    out().print(script);
    out().flush();
    return 0;
  }
}
