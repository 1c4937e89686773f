"""Dynamic Resource Allocation in the dry run: kube-scheduler's DynamicResources plugin
(`plugin`), the structured allocator it runs (`allocator`), the objects both read (`objects`)
and the CEL selectors on devices (`selectors`). The package itself holds only the plugin's
PostFilter words, which every Pending pod's message may carry: the modules load only for a
run with DRA objects or claims."""

NOT_AVAILABLE = "resourceclaim not available on the node"
DEALLOCATED = "deallocation of ResourceClaim completed"
STILL_NOT_SCHEDULABLE = "still not schedulable"
NO_NEW_CLAIMS = "no new claims to deallocate"
