/**
 * {@code --config FILE} for {@code smfs mount} and {@code smfs mirror}: a {@code key = value} file
 * whose keys are the commands' long flag names, validated once at start against a {@link
 * dev.smfs.cli.config.Schema}; flags given on the command line override the file. {@link
 * dev.smfs.cli.config.ConfigDefaults} plugs the file into picocli as a default-value provider.
 */
package dev.smfs.cli.config;
