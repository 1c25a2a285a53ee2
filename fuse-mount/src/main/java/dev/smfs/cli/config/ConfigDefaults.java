package dev.smfs.cli.config;

import java.nio.file.Path;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Feeds {@code --config FILE} to picocli as default values, so flags on the command line override
 * the file. picocli asks for defaults after parsing the command line, so the {@code --config}
 * option's value is known by then. A command opts in with two lines:
 *
 * <pre>
 * &#64;Command(name = "mount", ..., defaultValueProvider = ConfigDefaults.class)
 * &#64;Option(names = "--config", paramLabel = "FILE", description = "...") Path config;
 * </pre>
 *
 * On the first default asked for, the whole file is loaded and validated against the command's
 * {@link Schema} (by command name); a key the schema allows but the command has no flag for is an
 * error too. Problems surface as a picocli {@link ParameterException}: one line, exit 2.
 *
 * <p>picocli creates one instance per command and calls it from the parsing thread only.
 */
public final class ConfigDefaults implements IDefaultValueProvider {
  public static final String CONFIG_OPTION = "--config";

  private ConfigValues values;
  private Path loadedFrom;

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    CommandSpec command = arg.command();
    OptionSpec configOption = command.findOption(CONFIG_OPTION);
    if (configOption == null || option == configOption) {
      return null;
    }
    Path file = configOption.getValue();
    if (file == null) {
      return null;
    }
    ConfigValues config = load(command, file);
    String key = option.longestName().replaceFirst("^--", "");
    return config.flagText(key).orElse(null);
  }

  private ConfigValues load(CommandSpec command, Path file) {
    if (values != null && file.equals(loadedFrom)) {
      return values;
    }
    Schema schema =
        Schema.forCommand(command.name())
            .orElseThrow(
                () ->
                    new ParameterException(
                        command.commandLine(),
                        "--config is not supported by smfs " + command.name()));
    try {
      ConfigValues loaded = ConfigFile.load(file, schema);
      for (ConfigValues.Entry e : loaded.entries().values()) {
        if (command.findOption("--" + e.key()) == null) {
          throw new ConfigException(
              file,
              e.line(),
              e.key(),
              "smfs " + command.name() + " in this build has no --" + e.key() + " flag");
        }
      }
      values = loaded;
      loadedFrom = file;
      return loaded;
    } catch (ConfigException e) {
      throw new ParameterException(command.commandLine(), e.getMessage(), e);
    }
  }
}
