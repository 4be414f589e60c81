package io.coldchain.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a picocli option is named outside the command line, next to its {@code @Option}. Without it an option of
 * command {@code CMD} is {@code coldchain.CMD.OPTION} in a {@code --config-file} and {@code COLDCHAIN_CMD_OPTION} in
 * the environment ({@link ConfigNames}); settings shared by several commands (the bootstrap servers, the topic
 * prefix) name themselves here, once, so one environment variable or file key serves every command.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface ConfigName {

    /** The key in a {@code --config-file}; "" = {@code coldchain.<command>.<option>}. */
    String key() default "";

    /** The environment variable; "" = {@code COLDCHAIN_<COMMAND>_<OPTION>}. */
    String env() default "";

    /** An action rather than a setting ({@code --print-detection-settings}): only on the command line. */
    boolean flagOnly() default false;

    /** A credential: never printed, whatever its key says. */
    boolean secret() default false;
}
