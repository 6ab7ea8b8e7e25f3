export { ContainmentResponse, ContainmentResponseArgs } from "./ContainmentResponse";
export {
    CONTAINMENT_RESPONSE_TYPE,
    CONTAINMENT_GROUP,
    DEFAULT_CONTAINMENT_FINDING_TYPES,
    DEFAULT_CONTAINMENT_SEVERITY,
    MIN_CONTAINMENT_SEVERITY,
    MAX_CONTAINMENT_SEVERITY,
    POD_FINDING_TYPE,
    ContainmentArgsError,
    containmentEventPattern,
    containmentRolePolicy,
    validateContainmentArgs,
} from "./plan";
