"""`kubelint schedule`: a dry run of kube-scheduler's default profile over a described cluster."""
