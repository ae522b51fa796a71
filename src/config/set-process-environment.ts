/**
 * Sets variables in this process's environment, for libraries that read their settings from
 * process.env only (rosnodejs: CMAKE_PREFIX_PATH when it loads, ROS_PACKAGE_PATH and ROS_IP when
 * the node starts). The config folder is the one place that touches process.env; adapters get this
 * function from the command that composes them.
 */
export function setProcessEnvironment(variables: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(variables)) process.env[name] = value;
}
