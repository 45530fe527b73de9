"""Fakes of the network services Familiar talks to, served on 127.0.0.1 with real sockets."""
