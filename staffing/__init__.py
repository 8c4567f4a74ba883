"""Staffing from demand: forecasts, Erlang C/A, seats needed per site and queue, hiring waves."""
