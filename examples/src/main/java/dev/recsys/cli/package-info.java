/**
 * The {@code recsys} command-line interface ({@code examples/target/recsys.jar}): thin commands
 * that parse arguments, call the library and print. Not a published library package.
 */
package dev.recsys.cli;
