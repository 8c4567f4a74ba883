"""EU pay transparency (Directive 2023/970): pay data, categories of workers, gap reports,
requests for information.
"""
