"""Reading a workload's inventory from its infrastructure code (CloudFormation, SAM, Terraform).

Pure Python, never Qt. ``reader.read_iac`` turns one file into an :class:`~.model.IacDocument`
(a flat list of resources), ``inventory.build_inventory`` maps those resources onto catalog
services and variants with the reasons, and ``srm_desktop.domain.inventory_merge`` folds the
result into a project without losing anything the architect typed.
"""
