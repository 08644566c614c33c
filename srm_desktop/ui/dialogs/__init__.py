"""Dialogs: catalog picker, parties & teams, primer and about."""
