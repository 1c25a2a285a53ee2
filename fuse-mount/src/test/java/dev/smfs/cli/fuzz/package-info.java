/**
 * Jazzer fuzz target for the command line's parser of untrusted text: the {@code --config FILE}
 * reader. Its seed corpus and every crash found live under {@code
 * src/test/resources/dev/smfs/cli/fuzz/<Class>Inputs/<method>/} as plain files; without {@code
 * JAZZER_FUZZ} a normal test run replays exactly those files (regression mode).
 */
package dev.smfs.cli.fuzz;
