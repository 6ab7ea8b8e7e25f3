/**
 * One naming helper for every child resource. A child's logical name is its
 * component's name joined to a role, so two components of the same type never
 * collide and a reader can tell from a URN who owns what.
 *
 * Changing what this returns renames (and so replaces) every child in the
 * cloud: treat the output format as part of the public contract.
 */
export function childName(componentName: string, ...roles: Array<string | number>): string {
    if (componentName.length === 0) {
        throw new Error("childName: the component name must not be empty");
    }
    return [componentName, ...roles.map(String)].join("-");
}

/** The `Name` tag value the console shows for a child. Same format as `childName`. */
export const nameTag = childName;
